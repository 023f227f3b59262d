package dev.weft.weaver.differential;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Compares a CPython transcript with a woven Java one, entry for entry, and describes the first
 * difference with the whole of both, as the CPython differential tests report it.
 */
final class TranscriptDiff {
    private TranscriptDiff() {}

    /**
     * Null if the transcripts are equal, else where they first differ, with the whole of both.
     * {@code where} names what entry {@code i} stands for (shown in parentheses), or gives null.
     */
    static String difference(List<String> expected, List<String> got, IntFunction<String> where) {
        if (expected.equals(got)) {
            return null;
        }
        int i = 0;
        while (i < expected.size() && i < got.size() && expected.get(i).equals(got.get(i))) {
            i++;
        }
        String what = where.apply(i);
        StringBuilder sb = new StringBuilder("transcripts differ at entry " + i);
        if (what != null) {
            sb.append(" (").append(what).append(')');
        }
        sb.append("\n    CPython: ").append(i < expected.size() ? expected.get(i) : "(nothing)");
        sb.append("\n    weft:    ").append(i < got.size() ? got.get(i) : "(nothing)");
        sb.append("\n--- CPython transcript:");
        expected.forEach(e -> sb.append("\n    ").append(e));
        sb.append("\n--- weft transcript:");
        got.forEach(e -> sb.append("\n    ").append(e));
        return sb.toString();
    }
}
