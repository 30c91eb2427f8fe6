package dev.partsmith.autoconfigure.event;

import org.springframework.context.ApplicationEvent;

import dev.partsmith.autoconfigure.PartsmithTable;

/**
 * Something partsmith did to one of the application's tables. Published synchronously through the
 * application's event publisher on the maintaining thread, while the table's lock is held: listen
 * with {@code @EventListener}, and keep listeners short (or make them asynchronous).
 */
public abstract class PartsmithEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    protected PartsmithEvent(PartsmithTable table) {
        super(table);
    }

    /** The table, with its key and config. */
    public PartsmithTable table() {
        return (PartsmithTable) getSource();
    }
}
