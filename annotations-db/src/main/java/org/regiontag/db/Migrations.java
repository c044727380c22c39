package org.regiontag.db;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Brings a store file's schema to the version this program knows, with the Flyway migrations in
 * {@code db/migration} ({@code V1__…sql}, {@code V2__…sql}, and so on).
 */
final class Migrations {

    private Migrations() {
    }

    /**
     * Applies the pending migrations.
     *
     * @throws UserInputException when the file was written by a newer RegionTag (it has migrations
     *     this program does not know), because writing it with the older schema could lose data, or
     *     when an applied migration differs from this program's version of it
     */
    static void migrate(Path storeFile) {
        Flyway flyway = configure(storeFile);

        Optional<MigrationInfo> future = Arrays.stream(flyway.info().applied())
                .filter(info -> info.getState() == MigrationState.FUTURE_SUCCESS
                        || info.getState() == MigrationState.FUTURE_FAILED)
                .reduce((first, second) -> second);
        if (future.isPresent()) {
            throw new UserInputException(Messages.format("project.schemaTooNew", storeFile,
                    future.get().getVersion().getVersion(), latestKnownVersion(flyway)));
        }

        try {
            flyway.migrate();
        } catch (FlywayValidateException e) {
            // An applied migration whose script changed since: a project of an unreleased development build.
            throw new UserInputException(Messages.format("project.schemaChanged", storeFile), e);
        }
    }

    private static String latestKnownVersion(Flyway flyway) {
        return Arrays.stream(flyway.info().all())
                .filter(info -> info.getState().isResolved() && info.getVersion() != null)
                .map(info -> info.getVersion().getVersion())
                .reduce((first, second) -> second)
                .orElse("0");
    }

    private static Flyway configure(Path storeFile) {
        SQLiteDataSource dataSource = new SQLiteDataSource(new SQLiteConfig(SqlitePragma.connectionProperties()));
        dataSource.setUrl("jdbc:sqlite:" + storeFile.toAbsolutePath());
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
    }
}
