package io.molt.agent.steps;

import io.molt.agent.journal.StepJournal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A campaign step's data while the threads of its guests change it: each change is journaled with it,
 * under one lock, so that every entry is whole and the entries follow the changes in order (each one is
 * the one before it with one change).
 */
final class JournaledData {

    private final StepJournal journal;
    private final String operationId;
    private final String step;
    private final Map<String, String> data;

    JournaledData(StepJournal journal, String operationId, String step, Map<String, String> data) {
        this.journal = journal;
        this.operationId = operationId;
        this.step = step;
        this.data = new HashMap<>(data);
    }

    /** Changes the data and journals it in {@code phase}; returns once the entry is on disk. */
    synchronized void record(String phase, Consumer<Map<String, String>> change) {
        change.accept(data);
        journal.record(operationId, step, phase, data);
    }

    synchronized boolean has(String key) {
        return data.containsKey(key);
    }

    synchronized Map<String, String> copy() {
        return new HashMap<>(data);
    }
}
