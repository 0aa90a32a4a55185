package io.molt.agent.lab;

import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.LibvirtDomains;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the tests on the virtualisation lab: fails at once when the lab is not up, gives a libvirt
 * port, a journal in a temporary directory, and guests that are removed after each test.
 */
public abstract class LabTest {

    @TempDir
    protected Path dir;

    protected final LibvirtDomains domains = new LibvirtDomains(Lab.URI);
    private final List<LabGuest> guests = new ArrayList<>();

    @BeforeAll
    static void requireLab() {
        Lab.require();
    }

    /** Starts a Nova-shaped guest (see {@link LabGuest}); it is removed after the test. */
    protected LabGuest guest(String name, int ramMib, int fillMib) {
        LabGuest guest = LabGuest.start(name, ramMib, fillMib);
        guests.add(guest);
        return guest;
    }

    /** A journal in this test's directory; a second call reads the same files, as a restarted agent would. */
    protected StepJournal journal() {
        return new StepJournal(dir.resolve("journal"), Clock.systemUTC());
    }

    @AfterEach
    void removeGuests() {
        guests.forEach(LabGuest::close);
        domains.close();
    }
}
