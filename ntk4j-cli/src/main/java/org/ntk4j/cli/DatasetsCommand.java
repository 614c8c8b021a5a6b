package org.ntk4j.cli;

import org.ntk4j.data.DataCatalog;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "datasets", description = "Lists the named data sets: embedded, shared and installed, and how to get the rest.")
final class DatasetsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DataCatalog catalog = new DataCatalog();
        PrintWriter out = spec.commandLine().getOut();
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
}
