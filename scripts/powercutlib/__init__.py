"""Power-cut test of the data directory, in the manner of ALICE (Pillai et al., "All File Systems Are
Not Created Equal", OSDI 2014). scripts/powercut.py is the command; this package is the simulator.

kill -9 leaves the page cache alone, so everything the process wrote reaches the disk later anyway; a
power cut does not. The simulator records what a real run asks of the file system, then rebuilds the
on-disk states a power cut could leave and opens each one with the real binary:

  1. `crisiscell demo --data DIR` seeds a directory (untraced); a copy of it is the state before the run.
  2. `crisiscell _append --data DIR --count N --label pc --compact-every K` runs under strace. It prints
     `ok pc I` on standard output once operation I is durable (the acknowledgement), and compacts (new
     snapshot and an empty journal, each by temp file, fsync, rename, directory fsync) every K lines.
  3. The trace becomes an ordered list of micro-operations on the data directory (creat, write with its
     offset and bytes, truncate, rename, link, unlink, mkdir, fsync of a file, fsync of a directory) with
     the acknowledgements between them. Replaying the whole list over the seed copy must give exactly
     the directory the run left; otherwise the trace was misread and the script stops (exit 2).
  4. At every boundary between micro-operations (a crash point) the operations made durable by an
     earlier fsync are kept; the others may be dropped, kept, kept in part (a write cut at half or at a
     block boundary) or reordered, within one of these persistence models:
       ext4   ext4 with data=ordered: directory operations reach the disk in order (one journal) and any
              fsync commits all of them; a file's own writes persist as a prefix of what was written; a
              rename over an existing file brings the renamed file's data with it (auto_da_alloc).
       weak   what ALICE calls out: a rename (or any directory operation) may persist before the data
              written to the file it names; appended bytes may persist as zeros (the size before the
              data); an fsync covers only its own file or directory.
       reorder  weak, and directory operations not yet synced persist in any order (one of them lost,
              later ones kept).
  5. Each state is written to a fresh directory (0700, files 0600, hard links kept) and opened with
     `crisiscell check` and `crisiscell export all --format json`. It RECOVERS when both succeed, every
     operation acknowledged before the crash point is there exactly once, the seeded data is all there,
     nothing is there twice and nothing appears that was never written.

What it cannot see: writes through a shared mmap (strace shows none; the program maps files read-only)
and other processes' writes (only the traced run's are replayed). strace's -s is raised from 65535 to
8 MiB because a snapshot is written a megabyte at a time and every byte must be replayed.

Modules, in the order a run uses them:
  cli         the command line
  explore     the run, from seeding to summary
  trace       strace's lines, argument lists and quoted strings
  reader      descriptors and names in the data directory, as the trace goes
  syscalls    what each traced call does there (the dispatch table HANDLERS)
  fsmodel     the micro-operation, and the directory tree a power cut would find
  states      what each persistence model has made durable at a crash point
  candidates  which of the other operations a state keeps, cuts or loses; the cap
  binary      opening a state with the real binary
  verdict     whether a state recovers
  report      the summary, and the description of a state that does not
"""
