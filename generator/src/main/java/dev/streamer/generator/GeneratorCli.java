package dev.streamer.generator;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/streamer generate [demo|load] [OPTIONS]}; without a mode, {@code demo}. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        version = "streamer-generator 0.1.0",
        subcommands = {DemoCommand.class, LoadCommand.class},
        description = {
            "Drives edge-api like a crowd of users and writes a ground-truth report of the events it accepted.",
            "Modes: demo (default) and load; see 'generate demo --help' and 'generate load --help'."
        })
public final class GeneratorCli implements Runnable {

    private static final Set<String> OWN_ARGS = Set.of("demo", "load", "help", "-h", "--help", "-V", "--version");

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        String[] effective = args.length == 0 || !OWN_ARGS.contains(args[0]) ? prepend("demo", args) : args;
        return new CommandLine(new GeneratorCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("generate: error: " + e.getMessage());
                    return e instanceof IllegalArgumentException ? 2 : 1;
                })
                .execute(effective);
    }

    private static String[] prepend(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
