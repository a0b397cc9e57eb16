package org.cortege.groups;

import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cortege.shared.Messages;

/** The configurable kinds of group ({@code cortege.groups.types}: key, fr, en). */
@Singleton
public class GroupTypes {

    public record GroupType(String key, String fr, String en) {
        public String label(Locale locale) {
            return Messages.ENGLISH.equals(locale) ? en : fr;
        }
    }

    private final Map<String, GroupType> types = new LinkedHashMap<>();

    GroupTypes(@Property(name = "cortege.groups.types") List<Map<String, Object>> types) {
        for (Map<String, Object> t : types) {
            String key = String.valueOf(t.get("key"));
            this.types.put(key, new GroupType(key, String.valueOf(t.getOrDefault("fr", key)), String.valueOf(t.getOrDefault("en", key))));
        }
    }

    public List<GroupType> all() {
        return List.copyOf(types.values());
    }

    public boolean exists(String key) {
        return types.containsKey(key);
    }

    public String label(String key, Locale locale) {
        GroupType t = types.get(key);
        return t == null ? key : t.label(locale);
    }
}
