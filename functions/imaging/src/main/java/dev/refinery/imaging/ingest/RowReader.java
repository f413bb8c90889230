package dev.refinery.imaging.ingest;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Reads one row of a raster as interleaved int samples (band order, like Raster.getPixels) —
 * straight from the backing array for the layouts decoders produce (interleaved bytes or shorts,
 * packed ints), several times faster than the generic per-sample path, which it falls back to.
 */
final class RowReader {
    private final Raster raster;
    private final int width;
    private final int bands;
    private final byte[] bytes;
    private final short[] shorts;
    private final int[] ints;
    private final int[] bandStart;
    private final int pixelStride;
    private final int scanlineStride;
    private final int[] masks;
    private final int[] shifts;

    RowReader(Raster raster) {
        this.raster = raster;
        this.width = raster.getWidth();
        this.bands = raster.getNumBands();
        SampleModel sm = raster.getSampleModel();
        DataBuffer db = raster.getDataBuffer();
        int tx = raster.getSampleModelTranslateX();
        int ty = raster.getSampleModelTranslateY();
        int ox = raster.getMinX() - tx;
        int oy = raster.getMinY() - ty;
        byte[] b = null;
        short[] s = null;
        int[] i = null;
        int[] start = null;
        int px = 0;
        int line = 0;
        int[] m = null;
        int[] sh = null;
        if (sm instanceof ComponentSampleModel csm && db.getNumBanks() == 1
                && (db instanceof DataBufferByte || db instanceof DataBufferUShort)) {
            start = new int[bands];
            for (int k = 0; k < bands; k++) {
                start[k] = db.getOffset() + csm.getOffset(ox, oy, k);
            }
            px = csm.getPixelStride();
            line = csm.getScanlineStride();
            if (db instanceof DataBufferByte dbb) {
                b = dbb.getData();
            } else {
                s = ((DataBufferUShort) db).getData();
            }
        } else if (sm instanceof SinglePixelPackedSampleModel sp && db instanceof DataBufferInt dbi && db.getNumBanks() == 1) {
            i = dbi.getData();
            start = new int[] {db.getOffset() + sp.getOffset(ox, oy)};
            px = 1;
            line = sp.getScanlineStride();
            m = sp.getBitMasks();
            sh = sp.getBitOffsets();
        }
        this.bytes = b;
        this.shorts = s;
        this.ints = i;
        this.bandStart = start;
        this.pixelStride = px;
        this.scanlineStride = line;
        this.masks = m;
        this.shifts = sh;
    }

    /** Fills {@code out} (width × bands) with row {@code y}, counted from the raster's top. */
    void read(int y, int[] out) {
        if (bytes != null) {
            for (int k = 0; k < bands; k++) {
                int p = bandStart[k] + y * scanlineStride;
                for (int x = 0, o = k; x < width; x++, o += bands, p += pixelStride) {
                    out[o] = bytes[p] & 0xFF;
                }
            }
        } else if (shorts != null) {
            for (int k = 0; k < bands; k++) {
                int p = bandStart[k] + y * scanlineStride;
                for (int x = 0, o = k; x < width; x++, o += bands, p += pixelStride) {
                    out[o] = shorts[p] & 0xFFFF;
                }
            }
        } else if (ints != null) {
            int p = bandStart[0] + y * scanlineStride;
            for (int x = 0, o = 0; x < width; x++, p++) {
                int v = ints[p];
                for (int k = 0; k < bands; k++) {
                    out[o++] = (v & masks[k]) >>> shifts[k];
                }
            }
        } else {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, out);
        }
    }
}
