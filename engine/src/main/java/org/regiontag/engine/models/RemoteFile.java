package org.regiontag.engine.models;

import java.util.Optional;

/**
 * A file of a hub repository as the tree API lists it.
 *
 * @param path the path in the repository
 * @param size the size in bytes
 * @param sha256 the SHA-256 of the content, for files stored with Git LFS (or Xet); empty for small files
 * @param gitOid the git blob id (SHA-1 of {@code "blob <size>\0" + content}), which identifies small files
 */
record RemoteFile(String path, long size, Optional<String> sha256, String gitOid) {

    /** Returns the digest that names this content: the SHA-256 when published, else the git blob id. */
    String contentId() {
        return sha256.orElse(gitOid);
    }
}
