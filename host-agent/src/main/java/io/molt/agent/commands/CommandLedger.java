package io.molt.agent.commands;

import io.molt.agent.journal.DurableFiles;
import io.molt.protocol.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The results of the commands this agent has finished, one small file per command id, written with
 * fsync and an atomic rename, so that a command delivered again (at-least-once delivery, or after an
 * agent restart) is answered with the recorded result instead of a second run.
 */
public final class CommandLedger {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

    private final Path dir;

    public CommandLedger(Path stateDir) {
        this.dir = stateDir.resolve("commands");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the command ledger in " + dir, e);
        }
    }

    public static boolean isUsableId(String commandId) {
        return commandId != null && SAFE_ID.matcher(commandId).matches();
    }

    public Optional<Report.CommandResult> recorded(String commandId) {
        Path file = file(commandId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger entry " + file, e);
        }
        Map<String, String> details = new HashMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("detail."))
                .forEach(k -> details.put(k.substring("detail.".length()), p.getProperty(k)));
        return Optional.of(Report.CommandResult.of(commandId, Report.Outcome.valueOf(p.getProperty("outcome")),
                p.getProperty("message"), details));
    }

    public void record(Report.CommandResult result) {
        Properties p = new Properties();
        p.setProperty("outcome", result.outcome().name());
        if (result.message() != null) {
            p.setProperty("message", result.message());
        }
        result.details().forEach((k, v) -> p.setProperty("detail." + k, v == null ? "" : v));
        var text = new java.io.StringWriter();
        try {
            p.store(text, "result of command " + result.commandId());
            DurableFiles.write(file(result.commandId()), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the result of command " + result.commandId(), e);
        }
    }

    private Path file(String commandId) {
        if (!isUsableId(commandId)) {
            throw new IllegalArgumentException("command id '" + commandId + "' is not a usable id");
        }
        return dir.resolve(commandId + ".result");
    }
}
