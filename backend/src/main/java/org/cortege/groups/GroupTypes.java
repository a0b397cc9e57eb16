package org.cortege.groups;

import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.cortege.shared.Choices;

/** The configurable kinds of group ({@code cortege.groups.types}: key, fr, en). */
@Singleton
public class GroupTypes extends Choices {

    GroupTypes(@Property(name = "cortege.groups.types") List<Map<String, Object>> types) {
        super(types);
    }
}
