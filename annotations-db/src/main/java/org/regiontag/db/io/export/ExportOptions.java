package org.regiontag.db.io.export;

/**
 * Export settings.
 *
 * @param provenance whether each known cell also carries its source, actor and time; off by default
 *     because most consumers want the labels only
 */
public record ExportOptions(boolean provenance) {
}
