package org.regiontag.db.repo;

/**
 * How many cells of one category are positive, negative and unknown.
 *
 * @param name the category's name
 * @param positive cells known positive
 * @param negative cells known negative
 * @param unknown cells without a value (images counted minus the known cells)
 */
public record CategoryCounts(String name, long positive, long negative, long unknown) {
}
