package org.regiontag.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.regiontag.db.i18n.MessageBundle;
import org.regiontag.engine.models.ModelCache;
import org.regiontag.engine.models.ModelImporter;
import org.regiontag.engine.models.ModelLocator;
import org.regiontag.engine.models.ModelRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code regiontag model import PATH [--name NAME] [--replace] [--tokenizer FILE]}: validates a
 * checkpoint folder and registers it by reference, or converts an OpenAI CLIP {@code .pt} archive
 * into the model cache and registers the result.
 */
@Command(name = "import", resourceBundle = "org.regiontag.app.cli.ModelImportCommand", mixinStandardHelpOptions = true)
public final class ModelImportCommand implements Callable<Integer> {

    private static final MessageBundle TEXT = new MessageBundle("org.regiontag.app.cli.ModelImportCommand",
            ModelImportCommand.class);

    @CommandLine.ParentCommand
    ModelCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "PATH", descriptionKey = "path")
    Path path;

    @CommandLine.Option(names = "--name", paramLabel = "NAME", descriptionKey = "name")
    String name;

    @CommandLine.Option(names = "--replace", descriptionKey = "replace")
    boolean replace;

    @CommandLine.Option(names = "--tokenizer", paramLabel = "FILE", descriptionKey = "tokenizer")
    Path tokenizer;

    @Override
    public Integer call() throws Exception {
        ModelCache cache = ModelCache.fromEnvironment(parent.environment);
        ModelLocator locator = new ModelLocator(cache, ModelImportCommand.class.getClassLoader());
        ModelRegistry.Entry entry = new ModelImporter(locator).importModel(path, name, replace, tokenizer);

        PrintWriter out = spec.commandLine().getOut();
        out.println(TEXT.format("result", entry.name(), entry.folder()));
        out.flush();
        return RegionTagCommand.EXIT_OK;
    }
}
