package dev.weft.weaver.differential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the Python side and this one exchange: string literals (which are also Python string
 * literals) going out, and lines of objects whose values are strings or arrays of strings coming back.
 * No dependency for so little.
 */
final class PythonJson {
    private final String text;
    private int at;

    private PythonJson(String text) {
        this.text = text;
    }

    /** {@code s} as a JSON string literal, which Python reads as the same string. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code items} as a JSON array of strings (also a Python list literal). */
    static String quote(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (String s : items) {
            out.append(out.length() > 1 ? ", " : "").append(quote(s));
        }
        return out.append(']').toString();
    }

    /**
     * Parses one object whose values are strings ({@code String}) or arrays of strings
     * ({@code List<String>}).
     *
     * @throws IllegalArgumentException if the line is anything else
     */
    static Map<String, Object> parseObject(String line) {
        PythonJson p = new PythonJson(line);
        Map<String, Object> out = new LinkedHashMap<>();
        p.expect('{');
        if (!p.peek('}')) {
            do {
                String key = p.string();
                p.expect(':');
                out.put(key, p.peek('[') ? p.array() : p.string());
            } while (p.peek(',') && p.expect(','));
        }
        p.expect('}');
        p.space();
        if (p.at != line.length()) {
            throw p.error("end of line");
        }
        return out;
    }

    private List<String> array() {
        List<String> out = new ArrayList<>();
        expect('[');
        if (!peek(']')) {
            do {
                out.add(string());
            } while (peek(',') && expect(','));
        }
        expect(']');
        return out;
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> out.append(e); // \" \\ \/
            }
        }
        throw error("closing quote");
    }

    private boolean peek(char c) {
        space();
        return at < text.length() && text.charAt(at) == c;
    }

    private boolean expect(char c) {
        if (!peek(c)) {
            throw error("'" + c + "'");
        }
        at++;
        return true;
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("expected " + expected + " at " + at + " in: " + text);
    }
}
