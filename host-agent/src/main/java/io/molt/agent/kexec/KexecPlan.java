package io.molt.agent.kexec;

import io.molt.agent.libvirt.DomainInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a staged kexec is, and so what KEXEC_EXECUTE would do with it.
 *
 * @param cmdline        the running kernel's command line, passed on unchanged (same memmap reservation)
 * @param domains        running domains whose RAM is on the preserved region
 * @param executeAllowed {@code kexec.execute.allowed}
 */
public record KexecPlan(Path kernel, Optional<Path> initrd, String cmdline, PreservedRegion region,
                        List<DomainInfo> domains, boolean executeAllowed) {

    public KexecPlan {
        domains = List.copyOf(domains);
    }

    /** The result's details (and the journal's data): enough to stage the same image again. */
    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("kernel", kernel.toString());
        d.put("initrd", initrd.map(Path::toString).orElse(""));
        d.put("cmdline", cmdline);
        d.put("device", region.device().toString());
        d.put("region_bytes", Long.toString(region.bytes()));
        d.put("region_start", region.start().isPresent() ? "0x" + Long.toHexString(region.start().getAsLong()) : "");
        d.put("memmap", region.memmap().parameter());
        d.put("domains", String.join(",", domains.stream().map(DomainInfo::uuid).map(Object::toString).toList()));
        d.put("execute_allowed", Boolean.toString(executeAllowed));
        d.put("execute", execute());
        return d;
    }

    /** In words: what {@code kexec -e} of this image would do to the host and its domains. */
    public String execute() {
        String onRegion = domains.isEmpty() ? "no running domain"
                : String.join(", ", domains.stream().map(d -> d.name() + " (" + d.uuid() + ")").toList());
        return "kexec -e would reboot the host at once into " + kernel + initrd.map(i -> " with initrd " + i).orElse("")
                + " and command line \"" + cmdline + "\", without firmware; " + region.describe()
                + " is left alone and the next kernel reserves it again, holding the RAM of " + onRegion
                + "; all other memory is lost; "
                + (executeAllowed ? "kexec.execute.allowed=true: the agent kexecs at the end of a KERNEL campaign's upgrade"
                        : "not allowed here: kexec.execute.allowed=false");
    }
}
