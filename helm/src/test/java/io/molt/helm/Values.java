package io.molt.helm;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helm's merge of value files: maps merge key by key, anything else is replaced, null removes the key. */
final class Values {

    private Values() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        over.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else if (value instanceof Map<?, ?> overMap && merged.get(key) instanceof Map<?, ?> baseMap) {
                merged.put(key, merge((Map<String, Object>) baseMap, (Map<String, Object>) overMap));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
