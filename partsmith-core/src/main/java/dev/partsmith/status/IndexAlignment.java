package dev.partsmith.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.partsmith.catalog.Alignment;
import dev.partsmith.catalog.PartitionInfo;
import dev.partsmith.catalog.PartitionNode;
import dev.partsmith.catalog.PartitionTree;
import dev.partsmith.catalog.QualifiedName;

/**
 * The rule that every attached partition, at any depth, has what its parent has: a valid index attached
 * to each of the parent's partitioned indexes, and each of the parent's CHECK constraints. A partition
 * without a valid index is not covered by the index (a unique index then enforces nothing on it, and
 * the parent's index stays invalid, so the planner cannot use it); PostgreSQL gets there when a
 * {@code CREATE INDEX CONCURRENTLY} on a partition fails and leaves its index {@code INVALID}, and that
 * index is attached, or none is, to an index created {@code ON ONLY} the parent. Pure: it judges what the
 * catalog snapshot read. The wording of what is wrong exists here once, for the status and for the
 * issue a run reports right after an attach.
 */
public final class IndexAlignment {

    private IndexAlignment() {
    }

    /** What each misaligned attached partition of the tree lacks, one message per partition, parents first. */
    public static List<String> problems(PartitionTree tree) {
        List<String> problems = new ArrayList<>();
        for (PartitionNode node : tree.root().nodes()) {
            for (PartitionInfo partition : node.partitions()) {
                problem(node.table(), partition.table(), partition.alignment()).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /** What partition {@code partition} of {@code parent} lacks; empty when it is aligned. */
    public static Optional<String> problem(QualifiedName parent, QualifiedName partition, Alignment alignment) {
        if (alignment.aligned()) {
            return Optional.empty();
        }
        List<String> gaps = new ArrayList<>();
        for (Alignment.IndexGap gap : alignment.indexes()) {
            QualifiedName parentIndex = new QualifiedName(parent.schema(), gap.parentIndex());
            gaps.add(gap.partitioned()
                    ? "its index " + gap.partitionIndex() + " attached to " + parentIndex + " is INVALID until each partition below "
                            + partition + " has a valid index attached to it"
                    : gap.invalid()
                    ? "its index " + gap.partitionIndex() + " attached to " + parentIndex + " is INVALID (a failed CREATE INDEX CONCURRENTLY"
                            + " leaves it so): remove what made it fail, rebuild it with REINDEX INDEX CONCURRENTLY "
                            + new QualifiedName(partition.schema(), gap.partitionIndex()).quoted() + " and attach it again with ALTER INDEX "
                            + parentIndex.quoted() + " ATTACH PARTITION, which marks the parent's index valid once all are"
                    : "no index of it is attached to " + parentIndex + ": build one and attach it with ALTER INDEX " + parentIndex.quoted()
                            + " ATTACH PARTITION");
        }
        for (String check : alignment.missingChecks()) {
            gaps.add("it lacks the CHECK constraint " + check + " of " + parent);
        }
        return Optional.of("partition " + partition + " is not aligned with " + parent + ": " + String.join("; ", gaps));
    }
}
