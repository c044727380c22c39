package org.regiontag.app.gui.training;

import org.regiontag.db.repo.PrototypeKind;

/**
 * One prototype on the 2-D map.
 *
 * @param category the category's name
 * @param colour the category's colour as {@code #rrggbb}
 * @param kind text or visual
 * @param centre which centre of the category, from 0
 * @param x the first principal component's score
 * @param y the second's
 */
public record PrototypePoint(String category, String colour, PrototypeKind kind, int centre, double x, double y) {
}
