package io.molt.agent.kexec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code memmap=SIZE!OFFSET} reservation on a kernel command line: the kernel leaves the range
 * alone and offers it as persistent memory ({@code /dev/pmemN}); the next kernel must reserve the same.
 *
 * @param bytes     size of the range
 * @param start     its physical address
 * @param parameter as written, e.g. {@code memmap=64M!512M}
 */
public record Memmap(long bytes, long start, String parameter) {

    /** Every {@code !} reservation among the kernel's parameters (those before {@code --}). */
    public static List<Memmap> parse(String cmdline) {
        List<Memmap> found = new ArrayList<>();
        for (String token : cmdline.trim().split("\\s+")) {
            if (token.equals("--")) {
                break; // what follows is for init, not the kernel
            }
            if (!token.startsWith("memmap=")) {
                continue;
            }
            for (String range : token.substring("memmap=".length()).split(",")) {
                int bang = range.indexOf('!');
                if (bang <= 0) {
                    continue;
                }
                try {
                    found.add(new Memmap(size(range.substring(0, bang)), size(range.substring(bang + 1)), "memmap=" + range));
                } catch (NumberFormatException e) {
                    // not a reservation the kernel would accept either
                }
            }
        }
        return found;
    }

    /** Whether the range {@code [start, start + bytes)} lies inside this reservation. */
    public boolean covers(long otherStart, long otherBytes) {
        return otherStart >= start && otherStart + otherBytes <= start + bytes;
    }

    /** The kernel's memparse: a number (decimal, or hex with 0x) with an optional K, M, G, T suffix. */
    static long size(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        int shift = 0;
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            shift = 10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1);
            t = t.substring(0, t.length() - 1);
        }
        long value = t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        return value << shift;
    }
}
