package dev.weft.loop;

/**
 * What {@link Asyncio#openConnection} returns: the two sides of a connection, as asyncio's
 * {@code (reader, writer)} pair.
 *
 * @param reader reads what the peer sends
 * @param writer sends to the peer, and closes the connection
 */
public record Connection(StreamReader reader, StreamWriter writer) {
}
