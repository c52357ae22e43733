"""Read: running text -> narrative facts (情况说明), metadata, 绩效自评."""
