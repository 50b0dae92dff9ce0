package dev.escqrs.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: a header and rows, each column as wide as its widest cell, the last one unpadded. */
final class Columns {
    private final List<String[]> rows = new ArrayList<>();
    private final int width;

    Columns(String... header) {
        this.width = header.length;
        rows.add(header);
    }

    void add(String... cells) {
        if (cells.length != width) {
            throw new IllegalArgumentException("%d cells for %d columns".formatted(cells.length, width));
        }
        rows.add(cells);
    }

    void print(PrintWriter out) {
        int[] widths = new int[width];
        for (String[] row : rows) {
            for (int i = 0; i < width; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width; i++) {
                line.append(i == width - 1 ? row[i] : pad(row[i], widths[i] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String cell, int to) {
        char[] spaces = new char[to - cell.length()];
        Arrays.fill(spaces, ' ');
        return cell + new String(spaces);
    }

    /** {@code text} on one line, cut to {@code max} characters ending in "..." when longer. */
    static String cut(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    /** An instant to the second, as operators read it in a table. */
    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
