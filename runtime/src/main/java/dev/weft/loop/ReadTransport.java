package dev.weft.loop;

/** What feeds a {@link StreamReader}: a socket or a pipe, which the reader holds back when it is full. */
interface ReadTransport {
    /** The reader holds too much: stop reading until {@link #resumeReading()}. */
    void pauseReading();

    /** Read again after {@link #pauseReading()}. */
    void resumeReading();
}
