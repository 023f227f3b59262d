package dev.weft.loop;

/**
 * What {@link Subprocess#communicate} returns: everything the process wrote, as asyncio's
 * {@code (stdout_data, stderr_data)}.
 *
 * @param stdout what it wrote to its standard output, or null if that was not a pipe
 * @param stderr what it wrote to its standard error, or null if that was not a pipe (or was merged)
 */
public record ProcessOutput(byte[] stdout, byte[] stderr) {
}
