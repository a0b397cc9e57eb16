package org.cortege.events;

import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.cortege.shared.Choices;

/** The configurable kinds of action ({@code cortege.events.types}: key, fr, en). */
@Singleton
public class EventTypes extends Choices {

    EventTypes(@Property(name = "cortege.events.types") List<Map<String, Object>> types) {
        super(types);
    }
}
