package dev.escqrs.benchmarks.dynamodb;

import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.event.EventTypes;
import java.util.List;

/**
 * A sheet: the purpose-made aggregate of {@link StorageModeCost}, whose events and state are padded to the sizes being
 * priced. An event's size is its {@code text}; the state's is its {@code notes}, which the first event sizes by a
 * number (so that a small event can make a large state, as a real aggregate's state outgrows its events).
 */
final class Sheets {
    private Sheets() {}

    /** The state: how often the sheet was edited, and its padding. */
    public record Sheet(int edits, String notes) {
        static final Sheet NONE = new Sheet(0, "");
    }

    /** What happens to a sheet. */
    public sealed interface SheetEvent permits SheetEvent.SheetWritten, SheetEvent.SheetEdited {
        /** The sheet is written: {@code text} pads the event, {@code stateBytes} the state's notes. */
        record SheetWritten(String text, int stateBytes) implements SheetEvent {}

        record SheetEdited(String text) implements SheetEvent {}
    }

    /** What a sheet is asked to do. */
    public sealed interface SheetCommand permits SheetCommand.Write, SheetCommand.Edit, SheetCommand.EditTwice {
        record Write(String text, int stateBytes) implements SheetCommand {}

        record Edit(String text) implements SheetCommand {}

        /** Two events in one command: a multi-event append. */
        record EditTwice(String text) implements SheetCommand {}
    }

    static final AggregateType<SheetEvent, Sheet> SHEET = AggregateType.of(
            "Sheet",
            Sheet.class,
            SheetEvent.class,
            EventTypes.builder()
                    .register("SheetWritten", SheetEvent.SheetWritten.class)
                    .register("SheetEdited", SheetEvent.SheetEdited.class)
                    .build());

    /** Every command is accepted; the sheet has no rules, only sizes. */
    static final class SheetDecider implements Decider<SheetCommand, SheetEvent, Sheet> {
        @Override
        public Sheet initialState() {
            return Sheet.NONE;
        }

        @Override
        public List<SheetEvent> decide(SheetCommand command, Sheet sheet) {
            return switch (command) {
                case SheetCommand.Write write -> List.of(new SheetEvent.SheetWritten(write.text(), write.stateBytes()));
                case SheetCommand.Edit edit -> List.of(new SheetEvent.SheetEdited(edit.text()));
                case SheetCommand.EditTwice edit ->
                    List.of(new SheetEvent.SheetEdited(edit.text()), new SheetEvent.SheetEdited(edit.text()));
            };
        }

        @Override
        public Sheet evolve(Sheet sheet, SheetEvent event) {
            return switch (event) {
                case SheetEvent.SheetWritten written -> new Sheet(0, "n".repeat(written.stateBytes()));
                case SheetEvent.SheetEdited edited -> new Sheet(sheet.edits() + 1, sheet.notes());
            };
        }
    }
}
