/**
 * The arms race between a generator and a detector, round by round: {@link dev.verisim.arena.Arena}
 * runs it, {@link dev.verisim.arena.ArenaReport} writes its page.
 */
package dev.verisim.arena;
