package org.regiontag.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.models.ModelCache;
import org.regiontag.engine.models.ModelListing;
import org.regiontag.engine.models.ModelLocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code regiontag model list [--json]}: the known, embedded and imported models and their state. */
@Command(name = "list", resourceBundle = "org.regiontag.app.cli.ModelListCommand", mixinStandardHelpOptions = true)
public final class ModelListCommand implements Callable<Integer> {

    private static final MessageBundle TEXT = new MessageBundle("org.regiontag.app.cli.ModelListCommand",
            ModelListCommand.class);

    @CommandLine.ParentCommand
    ModelCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--json", descriptionKey = "json")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelCache cache = ModelCache.fromEnvironment(parent.environment);
        ModelLocator locator = new ModelLocator(cache, ModelListCommand.class.getClassLoader());
        List<ModelListing> listings = locator.list();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(cache, listings));
        } else {
            printTable(out, cache, listings);
        }
        out.flush();
        return RegionTagCommand.EXIT_OK;
    }

    /**
     * Writes the stable JSON form: {@code {"cache": DIR, "models": [{"name", "source", "origin",
     * "status", "installed", "size_bytes", "location", "description"}]}}; {@code size_bytes} is
     * -1 and {@code location} null where nothing is there.
     */
    static String toJson(ModelCache cache, List<ModelListing> listings) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("cache", cache.folder().toString());
        ArrayNode models = root.putArray("models");
        for (ModelListing listing : listings) {
            models.addObject()
                    .put("name", listing.name())
                    .put("source", listing.source().id())
                    .put("origin", listing.origin())
                    .put("status", listing.status().id())
                    .put("installed", isUsable(listing))
                    .put("size_bytes", listing.bytes())
                    .put("location", listing.location())
                    .put("description", listing.description());
        }
        return mapper.writeValueAsString(root);
    }

    private static void printTable(PrintWriter out, ModelCache cache, List<ModelListing> listings) {
        String[] header = {TEXT.format("column.name"), TEXT.format("column.source"), TEXT.format("column.status"),
            TEXT.format("column.size"), TEXT.format("column.location")};
        String[][] rows = new String[listings.size()][];
        for (int i = 0; i < rows.length; i++) {
            ModelListing listing = listings.get(i);
            String source = listing.source() == ModelListing.Source.HUB ? "hub " + listing.origin() : listing.source().id();
            rows[i] = new String[] {listing.name(), source, listing.status().id(),
                listing.bytes() < 0 ? "-" : ByteSizes.format(listing.bytes()),
                listing.location() == null ? "-" : listing.location()};
        }

        int[] widths = new int[header.length];
        for (int column = 0; column < header.length; column++) {
            widths[column] = header[column].length();
            for (String[] row : rows) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        printRow(out, header, widths);
        for (String[] row : rows) {
            printRow(out, row, widths);
        }
        out.println();
        out.println(TEXT.format("footer.cache", cache.folder()));
        out.println(TEXT.format("footer.resnet"));
    }

    private static void printRow(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.length; column++) {
            line.append(cells[column]);
            if (column < cells.length - 1) {
                line.append(" ".repeat(widths[column] - cells[column].length() + 2));
            }
        }
        out.println(line);
    }

    private static boolean isUsable(ModelListing listing) {
        return listing.status() == ModelListing.Status.INSTALLED || listing.status() == ModelListing.Status.EMBEDDED;
    }
}
