package io.rstscope.flow;

import io.rstscope.capture.CaptureData;

/**
 * A capture read and its connections tracked.
 *
 * @param data  what the read produced (packets when kept, issues, counts)
 * @param flows the connections
 */
public record TrackedCapture(CaptureData data, FlowColumns flows) {
}
