package io.executions.domain.api;

/** String helpers that count and compare by Unicode code point, as the contract does. */
public final class CodePoints {
    private CodePoints() {
    }

    public static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Compares by code point (String.compareTo compares UTF-16 units, which differs above U+FFFF). */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
