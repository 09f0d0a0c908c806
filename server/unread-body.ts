import type express from "express";

/**
 * How much of a request body nobody read the server still takes off the wire
 * after answering; a longer body is cut off with its connection.
 */
const UNREAD_BODY_BYTES = 64 * 1024 * 1024;

/**
 * A response can go out before the body was read to its end: a form over its
 * size bound, a refusal decided before the form is parsed. The rest of that
 * body then sits in front of the client's next request on the keep-alive
 * connection, and that request waited until the idle timeout reset the
 * connection (and a browser still uploading never saw the answer). Once the
 * response is sent, the rest is read and dropped. React Router's body stream
 * has stopped pulling by then, so its listener is taken off first: what is
 * read here goes nowhere.
 */
export function readUnreadBodies(maxBytes = UNREAD_BODY_BYTES): express.RequestHandler {
  return (req, res, next) => {
    res.on("finish", () => {
      if (req.complete) return;
      req.removeAllListeners("data");
      let left = maxBytes;
      req.on("data", (chunk: Buffer) => {
        left -= chunk.byteLength;
        if (left < 0) req.socket.destroy();
      });
      req.resume();
    });
    next();
  };
}
