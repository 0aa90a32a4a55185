package io.molt.service.cli.remote;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -f table|json|yaml|value} and {@code -c COLUMN}, as in the {@code openstack} CLI. */
public final class FormatOptions {

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json, yaml or value (default: ${DEFAULT-VALUE})")
    Output.Format format;

    @Option(names = {"-c", "--column"}, paramLabel = "COLUMN", description = "show this column (repeatable)")
    List<String> columns = new ArrayList<>();

    Output output() {
        return new Output(format, columns);
    }
}
