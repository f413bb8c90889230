package dev.refinery.qualitylab;

/**
 * One CC0 photo of ../shared/realworld refined with google-merchant: its status and, where a truth
 * mask exists, the cut-out's IoU and boundary F against it; {@code bar} is the bar for it.
 */
record RealWorldScore(String name, String status, String reason, Double iou, Double boundaryF, String mask,
                      String bar, Boolean barMet, long millis) {
}
