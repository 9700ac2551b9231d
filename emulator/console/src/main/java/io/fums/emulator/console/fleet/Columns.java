package io.fums.emulator.console.fleet;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with aligned columns (the fleet commands' own, so that this package needs no internals). */
final class Columns {

    private final List<String[]> rows = new ArrayList<>();
    private final int width;

    Columns(String... header) {
        this.width = header.length;
        rows.add(header);
    }

    Columns row(Object... cells) {
        String[] r = new String[width];
        for (int i = 0; i < width; i++) {
            r[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "-";
        }
        rows.add(r);
        return this;
    }

    int size() {
        return rows.size() - 1;
    }

    void print(PrintWriter out) {
        int[] w = new int[width];
        for (String[] r : rows) {
            for (int i = 0; i < width; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < width; i++) {
                b.append(r[i]);
                if (i < width - 1) {
                    b.append(" ".repeat(w[i] - r[i].length() + 2));
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
