package org.cortege.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A configured list of kinds (key, French and English labels), e.g. {@code cortege.groups.types}. */
public class Choices {

    public record Choice(String key, String fr, String en) {
        public String label(Locale locale) {
            return Messages.ENGLISH.equals(locale) ? en : fr;
        }
    }

    private final Map<String, Choice> choices = new LinkedHashMap<>();

    protected Choices(List<Map<String, Object>> configured) {
        for (Map<String, Object> t : configured) {
            String key = String.valueOf(t.get("key"));
            choices.put(key, new Choice(key, String.valueOf(t.getOrDefault("fr", key)), String.valueOf(t.getOrDefault("en", key))));
        }
    }

    public List<Choice> all() {
        return List.copyOf(choices.values());
    }

    public boolean exists(String key) {
        return key != null && choices.containsKey(key);
    }

    public String label(String key, Locale locale) {
        Choice c = choices.get(key);
        return c == null ? key : c.label(locale);
    }
}
