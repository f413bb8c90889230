package dev.refinery.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The boxes of a finding's flagged areas: each the bounding box of one connected flagged area, in fractions of
 * the photo ({@link Region}), the {@value #MAX_REGIONS} largest first. The checks flag pixels on grids coarser
 * than the photo (every other pixel of every other row, or blocks of pixels); a grid point stands for the block
 * of photo pixels it samples, so the box covers that block.
 */
final class Regions {
    /** More boxes than this would hide the photo; the largest areas say where to look. */
    static final int MAX_REGIONS = 5;

    /** A finding's boxes as they are collected: areas on a grid whose point (gx, gy) is the photo block from (ox + gx·step, oy + gy·step), step wide. */
    static final class Collector {
        private final int step, ox, oy, photoWidth, photoHeight;
        private final List<int[]> boxes = new ArrayList<>();

        Collector(int step, int ox, int oy, int photoWidth, int photoHeight) {
            this.step = step;
            this.ox = ox;
            this.oy = oy;
            this.photoWidth = photoWidth;
            this.photoHeight = photoHeight;
        }

        /** A collector for a grid of every {@code step}-th pixel of the photo from its corner. */
        static Collector onGrid(int step, int photoWidth, int photoHeight) {
            return new Collector(step, 0, 0, photoWidth, photoHeight);
        }

        /** One connected flagged area: the grid indices {@code pixels[0..n)} of a grid {@code gridWidth} wide. */
        void area(int[] pixels, int n, int gridWidth) {
            int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
            for (int k = 0; k < n; k++) {
                int x = pixels[k] % gridWidth, y = pixels[k] / gridWidth;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
            }
            if (n > 0) {
                boxes.add(new int[] {minX, minY, maxX, maxY, n});
            }
        }

        /** One flagged area given by its box of grid points, {@code (x0, y0)} to {@code (x1, y1)} inclusive, ranked by {@code size}. */
        void box(int x0, int y0, int x1, int y1, int size) {
            boxes.add(new int[] {x0, y0, x1, y1, size});
        }

        /** Every connected area (8-connected) of the flagged grid points. */
        Collector areas(boolean[] flagged, int gridWidth, int gridHeight) {
            Morphology.forEachPiece(flagged, gridWidth, gridHeight, true, (pixels, n) -> area(pixels, n, gridWidth));
            return this;
        }

        /** The {@value #MAX_REGIONS} largest areas' boxes, largest first, in fractions of the photo. */
        List<Region> regions() {
            return boxes.stream().sorted(Comparator.comparingInt((int[] b) -> -b[4])).limit(MAX_REGIONS)
                    .map(b -> Region.ofPixels(ox + b[0] * step, oy + b[1] * step, ox + (b[2] + 1) * step, oy + (b[3] + 1) * step, photoWidth, photoHeight))
                    .toList();
        }
    }

    /**
     * The boxes of flagged points on the cut-out's outline, which are samples of a line rather than areas: points
     * within {@code link} pixels of each other (Chebyshev) are one area, so a stretch of outline sampled every few
     * pixels is one box, not one box a point. Each box is grown by {@code pad} pixels: a point's evidence is the
     * photo that far to either side of the outline.
     */
    static List<Region> ofPoints(int[] xs, int[] ys, boolean[] flagged, int n, int link, int pad, int photoWidth, int photoHeight) {
        int cell = Math.max(1, link);
        int gw = (photoWidth + cell - 1) / cell, gh = (photoHeight + cell - 1) / cell;
        boolean[] cells = new boolean[gw * gh];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (flagged[i]) {
                cells[(ys[i] / cell) * gw + xs[i] / cell] = true;
                any = true;
            }
        }
        if (!any) {
            return List.of();
        }
        // each area of cells: the box of its own points (tighter than the cells'), weighted by its points
        int[] cellArea = new int[gw * gh];
        java.util.Arrays.fill(cellArea, -1);
        int[] count = {0};
        Morphology.forEachPiece(cells, gw, gh, true, (pixels, m) -> {
            for (int k = 0; k < m; k++) {
                cellArea[pixels[k]] = count[0];
            }
            count[0]++;
        });
        int[][] boxes = new int[count[0]][];
        for (int a = 0; a < boxes.length; a++) {
            boxes[a] = new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, 0};
        }
        for (int i = 0; i < n; i++) {
            if (!flagged[i]) continue;
            int[] b = boxes[cellArea[(ys[i] / cell) * gw + xs[i] / cell]];
            b[0] = Math.min(b[0], xs[i]);
            b[1] = Math.min(b[1], ys[i]);
            b[2] = Math.max(b[2], xs[i]);
            b[3] = Math.max(b[3], ys[i]);
            b[4]++;
        }
        return java.util.Arrays.stream(boxes).sorted(Comparator.comparingInt((int[] b) -> -b[4])).limit(MAX_REGIONS)
                .map(b -> Region.ofPixels(b[0] - pad, b[1] - pad, b[2] + 1 + pad, b[3] + 1 + pad, photoWidth, photoHeight)).toList();
    }

    private Regions() {
    }
}
