package dev.refinery.samples;

/** Backdrops a seller shoots on: walls behind the product and floors under it. */
public enum Surface {
    /** Light neutral plaster wall with a soft mottled texture. */
    WHITE_PLASTER,
    /** Light grey paper backdrop. */
    GREY_PAPER,
    /** Wooden boards with grain, in perspective. */
    WOOD,
    /** Grey woven fabric with a fine weave. */
    GREY_FABRIC,
    /** Dark blue velvet with a soft sheen. */
    BLUE_VELVET,
    /** The wall's paper continuing as a seamless sweep: no seam line. */
    SEAMLESS
}
