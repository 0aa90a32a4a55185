package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Vm;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Sorts VMs by uuid in the order of {@link String#compareTo}, fast when every uuid is in canonical form
 * (36 characters, lower-case hex, dashes at 8, 13, 18 and 23). Such a string sorts like its 128-bit value
 * read unsigned ('-' sits at the same places in all of them and '0'-'9' &lt; 'a'-'f'), so each uuid is
 * parsed into two longs and the VMs are sorted on primitives, not by comparing strings through three
 * pointers each time. Any other uuid (hand-written snapshots, tests) falls back to the string sort.
 */
final class UuidOrder {

    /** Each ASCII character's value as a lower-case hex digit, or -1. */
    private static final byte[] HEX_DIGITS = new byte[128];

    static {
        Arrays.fill(HEX_DIGITS, (byte) -1);
        for (int i = 0; i < 16; i++) {
            HEX_DIGITS["0123456789abcdef".charAt(i)] = (byte) i;
        }
    }

    private static final int INDEX_BITS = 22;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

    private UuidOrder() {
    }

    /**
     * VMs in uuid order: their positions, and (when every uuid is canonical) their uuids as 128-bit values in
     * the same order, to find a uuid's rank without comparing strings.
     *
     * @param positions the positions of the VMs in ascending uuid order (as strings compare)
     * @param high      the uuids' high 64 bits, by rank; null if some uuid is not canonical
     * @param low       the uuids' low 64 bits, by rank; null likewise
     */
    record Sorted(int[] positions, long[] high, long[] low) {

        /** The rank of this uuid, or -1 if no VM has it; -2 if the uuids are not canonical (ask the strings). */
        int rank(String uuid) {
            if (high == null) {
                return -2;
            }
            long[] parsedHigh = new long[1];
            long[] parsedLow = new long[1];
            if (!parse(uuid, 0, parsedHigh, parsedLow)) {
                return -1; // every uuid here is canonical, so a string that is not equals none of them
            }
            long wantHigh = parsedHigh[0];
            long wantLow = parsedLow[0];
            int from = 0;
            int to = high.length - 1;
            while (from <= to) {
                int middle = (from + to) >>> 1;
                int order = Long.compareUnsigned(high[middle], wantHigh);
                if (order == 0) {
                    order = Long.compareUnsigned(low[middle], wantLow);
                }
                if (order == 0) {
                    return middle;
                } else if (order < 0) {
                    from = middle + 1;
                } else {
                    to = middle - 1;
                }
            }
            return -1;
        }
    }

    /**
     * The positions of the VMs in ascending uuid order (as strings compare).
     *
     * @throws IllegalArgumentException if two VMs have the same uuid
     */
    static int[] order(Vm[] vms) {
        return sort(vms).positions();
    }

    /**
     * The VMs in ascending uuid order (as strings compare).
     *
     * @throws IllegalArgumentException if two VMs have the same uuid
     */
    static Sorted sort(Vm[] vms) {
        int n = vms.length;
        long[] high = new long[n];
        long[] low = new long[n];
        if (n > INDEX_MASK + 1 || !parseAll(vms, high, low)) {
            return new Sorted(byString(vms), null, null);
        }
        // Sort on the top 42 bits (sign bit flipped so that signed order is unsigned order) with the index in
        // the low 22 bits; then settle runs that share those 42 bits on the full 128 bits.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((high[i] & ~INDEX_MASK) ^ Long.MIN_VALUE) | i;
        }
        Arrays.parallelSort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & INDEX_MASK);
        }
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && (keys[end] & ~INDEX_MASK) == (keys[start] & ~INDEX_MASK)) {
                end++;
            }
            if (end - start > 1) {
                insertionSort(order, start, end, high, low);
            }
            start = end;
        }
        long[] sortedHigh = new long[n];
        long[] sortedLow = new long[n];
        for (int i = 0; i < n; i++) {
            sortedHigh[i] = high[order[i]];
            sortedLow[i] = low[order[i]];
            if (i > 0 && sortedHigh[i] == sortedHigh[i - 1] && sortedLow[i] == sortedLow[i - 1]) {
                throw twice(vms[order[i]]);
            }
        }
        return new Sorted(order, sortedHigh, sortedLow);
    }

    private static int[] byString(Vm[] vms) {
        Integer[] boxed = new Integer[vms.length];
        Arrays.setAll(boxed, i -> i);
        Arrays.parallelSort(boxed, Comparator.comparing(i -> vms[i].uuid()));
        int[] order = new int[vms.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
            if (i > 0 && vms[order[i]].uuid().equals(vms[order[i - 1]].uuid())) {
                throw twice(vms[order[i]]);
            }
        }
        return order;
    }

    private static IllegalArgumentException twice(Vm vm) {
        return new IllegalArgumentException("VM " + vm.uuid() + " appears twice in the snapshot");
    }

    private static void insertionSort(int[] order, int from, int to, long[] high, long[] low) {
        for (int i = from + 1; i < to; i++) {
            int item = order[i];
            int j = i - 1;
            while (j >= from && compare(order[j], item, high, low) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = item;
        }
    }

    private static int compare(int a, int b, long[] high, long[] low) {
        int byHigh = Long.compareUnsigned(high[a], high[b]);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low[a], low[b]);
    }

    /** Parses every uuid into {@code high} and {@code low} (on all cores); false if one is not canonical. */
    private static boolean parseAll(Vm[] vms, long[] high, long[] low) {
        return IntStream.range(0, vms.length).parallel().allMatch(i -> parse(vms[i].uuid(), i, high, low));
    }

    private static boolean parse(String uuid, int i, long[] high, long[] low) {
        if (uuid.length() != 36 || uuid.charAt(8) != '-' || uuid.charAt(13) != '-' || uuid.charAt(18) != '-'
                || uuid.charAt(23) != '-') {
            return false;
        }
        long a = hex(uuid, 0, 8);
        long b = hex(uuid, 9, 13);
        long c = hex(uuid, 14, 18);
        long d = hex(uuid, 19, 23);
        long e = hex(uuid, 24, 36);
        if ((a | b | c | d | e) < 0) {
            return false;
        }
        high[i] = a << 32 | b << 16 | c;
        low[i] = d << 48 | e;
        return true;
    }

    /**
     * The value of lower-case hex digits {@code [from, to)} (at most 12), or -1 if one is not such a digit.
     * Looked up in a table, without a branch per digit: uuids are random, so such branches mispredict.
     */
    private static long hex(String text, int from, int to) {
        long value = 0;
        int bad = 0;
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            int digit = HEX_DIGITS[ch & 0x7f] | (0x7f - ch) >> 31;
            bad |= digit;
            value = value << 4 | (digit & 0xf);
        }
        return bad < 0 ? -1 : value;
    }
}
