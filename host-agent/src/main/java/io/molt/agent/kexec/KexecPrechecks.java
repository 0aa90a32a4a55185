package io.molt.agent.kexec;

import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.Domains;
import io.molt.agent.libvirt.DomainsException;
import io.molt.agent.steps.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Refuses KEXEC_PREPARE before anything is staged, with every reason that applies: no kexec, kernel
 * or initrd unreadable, no preserved region (unset, missing, or not reserved by a {@code memmap=} on
 * the running command line, which the next kernel inherits), or a running domain whose RAM is not on
 * the region. Every running domain counts: a kexec reboots the host, so every VM that is to live
 * through it must have its RAM there.
 */
public final class KexecPrechecks {

    /** What the checks found: every refusal, or the region and the domains whose RAM it holds. */
    public sealed interface Checked permits Refused, Ready {
    }

    public record Refused(List<Refusal> refusals) implements Checked {
        public Refused {
            refusals = List.copyOf(refusals);
        }
    }

    public record Ready(String cmdline, PreservedRegion region, List<DomainInfo> domains) implements Checked {
        public Ready {
            domains = List.copyOf(domains);
        }
    }

    private final Domains domains;
    private final RamFiles ramFiles;
    private final Path device;
    private final KexecPaths paths;

    /** {@code device}: {@code preserved-memory.device}, null when unset. */
    public KexecPrechecks(Domains domains, RamFiles ramFiles, Path device, KexecPaths paths) {
        this.domains = domains;
        this.ramFiles = ramFiles;
        this.device = device;
        this.paths = paths;
    }

    public Checked check(Path kernel, Optional<Path> initrd) {
        List<Refusal> refusals = new ArrayList<>();
        if (!Files.isExecutable(paths.kexecBinary())) {
            refusals.add(new Refusal("KEXEC_MISSING", "no kexec at " + paths.kexecBinary() + " (Debian: kexec-tools)"));
        }
        readable(kernel, "KERNEL_MISSING", "kernel").ifPresent(refusals::add);
        initrd.flatMap(i -> readable(i, "INITRD_MISSING", "initrd")).ifPresent(refusals::add);
        String cmdline = readCmdline(refusals);
        if (device == null) {
            refusals.add(new Refusal("PRESERVED_MEMORY_UNSET", "preserved-memory.device is not set: no memory region"
                    + " would survive the kexec"));
            return new Refused(refusals);
        }
        if (!Files.exists(device)) {
            refusals.add(new Refusal("PRESERVED_MEMORY_MISSING", "preserved-memory.device " + device + " does not exist"));
            return new Refused(refusals);
        }
        Mounts mounts = mounts(refusals);
        Optional<PreservedRegion> region = region(cmdline, mounts, refusals);
        List<DomainInfo> onRegion = domainsOnRegion(mounts, refusals);
        return refusals.isEmpty() ? new Ready(cmdline, region.orElseThrow(), onRegion) : new Refused(refusals);
    }

    private static Optional<Refusal> readable(Path file, String code, String what) {
        if (!Files.isRegularFile(file)) {
            return Optional.of(new Refusal(code, what + " " + file + " does not exist or is not a file"));
        }
        if (!Files.isReadable(file)) {
            return Optional.of(new Refusal(code, what + " " + file + " is not readable by the agent"));
        }
        return Optional.empty();
    }

    private String readCmdline(List<Refusal> refusals) {
        try {
            return Files.readString(paths.cmdline()).trim();
        } catch (IOException e) {
            refusals.add(new Refusal("MEMMAP_MISSING", "cannot read the running command line " + paths.cmdline() + ": " + e));
            return "";
        }
    }

    /** The device's size and address from sysfs, and the {@code memmap=} reservation that covers it. */
    private Optional<PreservedRegion> region(String cmdline, Mounts mounts, List<Refusal> refusals) {
        Path sys = paths.sysBlock().resolve(device.getFileName().toString());
        OptionalLong sectors = number(sys.resolve("size"));
        if (sectors.isEmpty()) {
            refusals.add(new Refusal("PRESERVED_MEMORY_MISSING", device + " is not a block device this kernel knows (no "
                    + sys.resolve("size") + ")"));
            return Optional.empty();
        }
        long bytes = sectors.getAsLong() * 512;
        OptionalLong start = number(sys.resolve("device/resource"));
        List<Memmap> memmaps = Memmap.parse(cmdline);
        Optional<Memmap> covering = memmaps.stream()
                .filter(m -> start.isPresent() ? m.covers(start.getAsLong(), bytes) : m.bytes() >= bytes).findFirst();
        if (covering.isEmpty()) {
            refusals.add(new Refusal("MEMMAP_MISSING", paths.cmdline() + " has no memmap=SIZE!OFFSET reserving " + device
                    + " (" + (bytes >> 20) + " MiB" + (start.isPresent() ? " at 0x" + Long.toHexString(start.getAsLong()) : "")
                    + "; reservations: " + (memmaps.isEmpty() ? "none" : memmaps.stream().map(Memmap::parameter).toList())
                    + "): the next kernel, given the same command line, would not keep the region"));
            return Optional.empty();
        }
        return Optional.of(new PreservedRegion(device, bytes, start, covering.get(), mounts.pointsOf(device)));
    }

    /** Running domains whose RAM files are all on the region; a refusal for every other running domain. */
    private List<DomainInfo> domainsOnRegion(Mounts mounts, List<Refusal> refusals) {
        List<Path> points = mounts.pointsOf(device);
        String where = device + (points.isEmpty() ? ", which is not mounted" : " (mounted on " + points + ")");
        List<DomainInfo> on = new ArrayList<>();
        for (DomainInfo d : domains.list().stream().filter(DomainInfo::running).toList()) {
            String name = d.name() + " (" + d.uuid() + ")";
            if (!d.memory().preservable()) {
                refusals.add(new Refusal("RAM_NOT_ON_PRESERVED_REGION", name + " has no shared file-backed RAM: none of"
                        + " its memory can be on " + where));
                continue;
            }
            try {
                List<String> off = ramFiles.of(d.uuid()).entrySet().stream().filter(e -> !mounts.on(e.getValue(), device))
                        .map(e -> e.getKey() + " " + e.getValue() + mounts.holding(e.getValue())
                                .map(m -> " (on " + m.source() + ")").orElse("")).toList();
                if (off.isEmpty()) {
                    on.add(d);
                } else {
                    refusals.add(new Refusal("RAM_NOT_ON_PRESERVED_REGION", name + "'s RAM file " + String.join(", ", off)
                            + " is not on " + where + ": memory_backing_dir must be on the region"));
                }
            } catch (DomainsException e) {
                refusals.add(new Refusal("RAM_NOT_ON_PRESERVED_REGION", "cannot tell where the RAM of " + name + " is: "
                        + e.getMessage()));
            }
        }
        return on;
    }

    private Mounts mounts(List<Refusal> refusals) {
        try {
            return Mounts.read(paths.mountinfo());
        } catch (IOException e) {
            refusals.add(new Refusal("MOUNTS_UNREADABLE", "cannot read the mount table " + paths.mountinfo() + ": " + e));
            return Mounts.read(List.of());
        }
    }

    /** A sysfs number (decimal, or hex with 0x); empty when the file is absent or holds none. */
    private static OptionalLong number(Path file) {
        try {
            return OptionalLong.of(Long.decode(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
