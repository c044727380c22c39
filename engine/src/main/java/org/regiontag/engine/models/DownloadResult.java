package org.regiontag.engine.models;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The outcome of {@link HubDownloader#download}.
 *
 * @param folder the model folder
 * @param commit the commit the hub served ({@code X-Repo-Commit}), when the response had one
 * @param filesDownloaded files fetched in this call
 * @param filesPresent files that were already complete and verified again
 * @param bytesDownloaded bytes received in this call
 */
public record DownloadResult(Path folder, Optional<String> commit, int filesDownloaded, int filesPresent,
        long bytesDownloaded) {
}
