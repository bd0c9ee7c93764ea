package io.executions.domain.command;

import io.executions.domain.api.InstanceId;
import io.executions.domain.api.TargetId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandSideLookupDefaultsTest {
    private static final InstanceId I1 = InstanceId.of("i1");
    private static final InstanceId I2 = InstanceId.of("i2");
    private final InMemoryCommandSideLookup lookup = new InMemoryCommandSideLookup();

    @Test
    void existingTargetsAreThoseOfTheListThatExistInTheInstance() {
        lookup.targetAdded(I1, TargetId.of("T1"), "one");
        lookup.targetAdded(I1, TargetId.of("T2"), "two");
        lookup.targetAdded(I2, TargetId.of("T3"), "three");
        lookup.targetRemoved(I1, TargetId.of("T2"), "two");

        assertThat(lookup.existingTargets(I1, List.of(TargetId.of("T1"), TargetId.of("T2"), TargetId.of("T3"))))
                .containsExactly(TargetId.of("T1"));
        assertThat(lookup.existingTargets(I1, List.of())).isEmpty();
    }
}
