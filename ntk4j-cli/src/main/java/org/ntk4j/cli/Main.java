package org.ntk4j.cli;

import org.ntk4j.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The ntk4j command. Exit codes: 0 success, 1 a data or runtime error (one line on stderr; the
 * stack trace only with --verbose), 2 a usage error.
 */
@Command(name = "ntk4j", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = Main.VersionInfo.class,
        description = "Neural Tangent Kernels at scale: exact NTK, sketches and random features, ridge learning.",
        subcommands = {DemoCommand.class, FitCommand.class, PredictCommand.class, EvaluateCommand.class,
                KernelCommand.class, FeaturesCommand.class, DatasetsCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Start with: ./ntk4j demo   (runs on the embedded data set, no downloads)"})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int RUNTIME_ERROR = 1;
    public static final int USAGE_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests too). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE_ERROR : RUNTIME_ERROR);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("ntk4j: " + ex.getMessage());
            e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return USAGE_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof UsageError) {
                e.println("ntk4j: " + ex.getMessage());
                e.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for the options.");
                return USAGE_ERROR;
            }
            e.println("ntk4j: error: " + Errors.describe(ex));
            if (CommonOptions.verbose) {
                ex.printStackTrace(e);
            } else if (Errors.isBug(ex)) {
                e.println("(this looks like a bug in ntk4j; run again with --verbose for the stack trace)");
            }
            return RUNTIME_ERROR;
        });
        return cl.execute(args);
    }

    /** --version output. */
    static final class VersionInfo implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"ntk4j " + Version.get(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
