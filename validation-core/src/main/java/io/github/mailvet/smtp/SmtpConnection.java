package io.github.mailvet.smtp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One SMTP client connection on a Netty event loop: writes command lines (several in one write
 * when pipelining) and hands back the replies in order as futures that complete on the event
 * loop. No thread waits for a reply.
 *
 * <p>Replies are read leniently (RFC 5321 section 4.2): a three-digit code, then a hyphen on every
 * line but the last of a multi-line reply, then text that may be UTF-8. A line without a code
 * fails the connection with an {@link IOException}; so do silence past the command timeout and a
 * connection the server closes while replies are still owed.
 */
final class SmtpConnection extends SimpleChannelInboundHandler<ByteBuf> {

  /** The longest reply line accepted (RFC 5321 allows 512 octets; servers exceed it). */
  private static final int MAX_LINE = 4096;
  /**
   * The longest reply accepted, in lines and octets. RFC 5321 sets no limit on lines; real EHLO
   * replies have about 20. A server that sends more is not speaking SMTP to us.
   */
  static final int MAX_REPLY_LINES = 100;
  static final int MAX_REPLY_OCTETS = 64 * 1024;

  /** A complete reply: its code and its lines as received (codes included). */
  record Reply(int code, List<String> lines) {
    /** The lines joined by spaces, as evidence and for the classifier. */
    String text() {
      return lines.size() == 1 ? lines.get(0) : String.join(" ", lines);
    }
  }

  /** Why a send after the connection closed, with no reply owed, fails. */
  private static final IOException CLOSED = new IOException("the connection is closed");

  private final long timeoutNanos;
  private final ArrayDeque<CompletableFuture<Reply>> waiting = new ArrayDeque<>();
  private final List<String> partial = new ArrayList<>(4);
  private @Nullable Channel channel;
  private @Nullable ScheduledFuture<?> timer;
  private long deadline;
  private @Nullable IOException failure;

  private int partialOctets;

  private SmtpConnection(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  /**
   * Connects; the future completes with the server's greeting (or fails when the connection
   * cannot be made or the greeting does not come in time).
   */
  static SmtpConnection open(EventLoopGroup group, InetSocketAddress address,
      int connectTimeoutMs, int commandTimeoutMs, long sessionTimeoutMs,
      CompletableFuture<Reply> greeting) {
    SmtpConnection c = new SmtpConnection(TimeUnit.MILLISECONDS.toNanos(commandTimeoutMs));
    c.waiting.add(greeting); // the greeting is the first reply owed
    ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE, true, true), c);
          }
        })
        .connect(address);
    f.addListener(done -> {
      if (done.isSuccess()) {
        c.arm(); // the greeting is owed from now on
        // a whole session has a wall-time bound, whatever pace the server replies at
        Channel ch = f.channel();
        io.netty.util.concurrent.ScheduledFuture<?> cap = ch.eventLoop().schedule(() -> {
          c.fail(new SocketTimeoutException("the session took longer than " + sessionTimeoutMs
              + " ms"));
          ch.close();
        }, sessionTimeoutMs, TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(x -> cap.cancel(false));
      } else {
        c.fail(done.cause() instanceof IOException io ? io
            : new IOException(String.valueOf(done.cause()), done.cause()));
      }
    });
    return c;
  }

  /**
   * Writes the lines at once (CRLF added) and returns one future per line, for its reply. Call on
   * the event loop, after the greeting.
   */
  List<CompletableFuture<Reply>> send(List<String> lines) {
    List<CompletableFuture<Reply>> replies = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      CompletableFuture<Reply> r = new CompletableFuture<>();
      replies.add(r);
      if (failure != null) {
        r.completeExceptionally(failure);
      }
    }
    if (failure != null || channel == null) {
      if (failure == null) {
        IOException e = new IOException("not connected");
        replies.forEach(r -> r.completeExceptionally(e));
      }
      return replies;
    }
    StringBuilder b = new StringBuilder(lines.size() * 40);
    for (String line : lines) {
      b.append(line).append("\r\n");
    }
    waiting.addAll(replies);
    arm();
    channel.writeAndFlush(channel.alloc().buffer(b.length())
        .writeBytes(b.toString().getBytes(StandardCharsets.UTF_8)));
    return replies;
  }

  /** Writes one line; its reply. */
  CompletableFuture<Reply> send(String line) {
    return send(List.of(line)).get(0);
  }

  /** Closes the connection; replies still owed fail. */
  void close() {
    if (channel != null) {
      channel.close();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    String line = frame.toString(StandardCharsets.UTF_8);
    if (line.length() < 3 || !digit(line.charAt(0)) || !digit(line.charAt(1))
        || !digit(line.charAt(2))) {
      fail(new IOException("malformed reply from the server: '" + clip(line) + "'"));
      ctx.close();
      return;
    }
    partial.add(line);
    partialOctets += line.length() + 2;
    if (partial.size() > MAX_REPLY_LINES || partialOctets > MAX_REPLY_OCTETS) {
      fail(new IOException("a reply of more than " + MAX_REPLY_LINES + " lines or "
          + MAX_REPLY_OCTETS + " octets: the server does not speak SMTP"));
      partial.clear();
      ctx.close();
      return;
    }
    if (line.length() > 3 && line.charAt(3) == '-') {
      return; // a multi-line reply goes on
    }
    Reply reply = new Reply((line.charAt(0) - '0') * 100 + (line.charAt(1) - '0') * 10
        + (line.charAt(2) - '0'), List.copyOf(partial));
    partial.clear();
    partialOctets = 0;
    CompletableFuture<Reply> owner = waiting.poll();
    arm();
    if (owner != null) {
      owner.complete(reply); // an unsolicited reply (a 421 before closing) has no owner
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // the usual end (after QUIT) owes nothing: no exception (and stack trace) per session then
    fail(waiting.isEmpty() ? CLOSED : new ClosedChannelException());
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(cause instanceof IOException io ? io
        : cause instanceof TooLongFrameException ? new IOException("a reply line over "
            + MAX_LINE + " octets") : new IOException(String.valueOf(cause), cause));
    ctx.close();
  }

  /** Sets the reply deadline while replies are owed; a timer checks it. */
  private void arm() {
    if (waiting.isEmpty() || channel == null) {
      return;
    }
    deadline = System.nanoTime() + timeoutNanos;
    if (timer == null) {
      timer = channel.eventLoop().schedule(this::checkDeadline, timeoutNanos,
          TimeUnit.NANOSECONDS);
    }
  }

  private void checkDeadline() {
    timer = null;
    if (waiting.isEmpty() || failure != null || channel == null) {
      return;
    }
    long left = deadline - System.nanoTime();
    if (left > 0) {
      timer = channel.eventLoop().schedule(this::checkDeadline, left, TimeUnit.NANOSECONDS);
      return;
    }
    fail(new SocketTimeoutException("no reply within "
        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
    channel.close();
  }

  /** Fails every reply still owed; later sends fail at once. */
  private void fail(IOException e) {
    if (failure == null) {
      failure = e;
    }
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    CompletableFuture<Reply> r;
    while ((r = waiting.poll()) != null) {
      r.completeExceptionally(failure);
    }
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String clip(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "...";
  }
}
