/* A real shared library that exports no hologram_kernel_table. */
int not_a_kernel_table(void) { return 42; }
