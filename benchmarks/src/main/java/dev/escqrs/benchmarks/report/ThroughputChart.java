package dev.escqrs.benchmarks.report;

import static dev.escqrs.benchmarks.report.Figures.num;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/** The throughput chart of a run (PNG, drawn with java.awt: no plotting library is needed). */
final class ThroughputChart {
    private ThroughputChart() {}

    /** Command throughput (log scale) against history length, one line per framework. */
    static void draw(Map<String, TreeMap<Integer, double[]>> throughput, Path file) throws IOException {
        int width = 960;
        int height = 560;
        int left = 110;
        int right = 110;
        int top = 60;
        int bottom = 80;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        List<Integer> histories = new ArrayList<>();
        throughput
                .values()
                .forEach(m -> m.keySet().forEach(h -> {
                    if (!histories.contains(h)) {
                        histories.add(h);
                    }
                }));
        histories.sort(Integer::compare);
        double max = throughput.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToDouble(v -> v[0])
                .max()
                .orElse(1);
        double min = throughput.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToDouble(v -> v[0])
                .min()
                .orElse(1);
        double logMax = Math.ceil(Math.log10(max));
        double logMin = Math.floor(Math.log10(Math.max(min, 1)));
        if (logMax <= logMin) {
            logMax = logMin + 1;
        }
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        g.drawString("Command throughput (in memory, one event per command) vs. history length", left - 60, 32);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (double exp = logMin; exp <= logMax; exp++) {
            int y = top + plotH - (int) ((exp - logMin) / (logMax - logMin) * plotH);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%,.0f", Math.pow(10, exp)), 10, y + 5);
        }
        for (int i = 0; i < histories.size(); i++) {
            int x = left + (histories.size() == 1 ? plotW / 2 : i * plotW / (histories.size() - 1));
            g.setColor(Color.DARK_GRAY);
            g.drawString(Integer.toString(histories.get(i)), x - 10, top + plotH + 22);
        }
        g.drawString("events already in the aggregate's history", left + plotW / 2 - 130, height - 25);
        g.drawString("ops/s (log)", 10, top - 12);
        g.setColor(Color.BLACK);
        g.drawRect(left, top, plotW, plotH);
        Color[] colors = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115)};
        int series = 0;
        for (Map.Entry<String, TreeMap<Integer, double[]>> line : throughput.entrySet()) {
            Color color =
                    line.getKey().equals("escqrs") ? colors[0] : line.getKey().equals("axon") ? colors[1] : colors[2];
            g.setColor(color);
            g.setStroke(new BasicStroke(3));
            int px = -1;
            int py = -1;
            for (Map.Entry<Integer, double[]> point : line.getValue().entrySet()) {
                int i = histories.indexOf(point.getKey());
                int x = left + (histories.size() == 1 ? plotW / 2 : i * plotW / (histories.size() - 1));
                double log = Math.log10(Math.max(point.getValue()[0], 1));
                int y = top + plotH - (int) ((log - logMin) / (logMax - logMin) * plotH);
                g.fillOval(x - 5, y - 5, 10, 10);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.drawString(num(point.getValue()[0]), x + 8, y - 8);
                px = x;
                py = y;
            }
            g.fillRect(left + 20, top + plotH - 77 + series * 22, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(
                    switch (line.getKey()) {
                        case "escqrs" -> "escqrs (in-memory store, aggregate row, no cache)";
                        case "axon" -> "Axon 4.13 (InMemoryEventStorageEngine, EventSourcingRepository)";
                        default -> "Axon 4.13, caching repository (WeakReferenceCache)";
                    },
                    left + 40,
                    top + plotH - 65 + series * 22);
            series++;
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
