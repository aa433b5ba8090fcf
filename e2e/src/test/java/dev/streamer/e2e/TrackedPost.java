package dev.streamer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamer.e2e.Stack.Member;
import dev.streamer.e2e.Stack.PostRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A post and its members, driven through edge-api's REST API, with what MySQL must hold for it once the job has read
 * every event: the users who like it now, its comments, its shares.
 */
final class TrackedPost {

    final String id;
    final Member author;
    final List<Member> members;
    private final Set<String> likedBy = new TreeSet<>();
    private final Set<String> commentIds = new TreeSet<>();
    private long shares;

    private TrackedPost(String id, Member author, List<Member> members) {
        this.id = id;
        this.author = author;
        this.members = members;
    }

    /** An author and {@code count} other members of one community; the author's post, once the job stored it. */
    static TrackedPost create(String prefix, int count) {
        Member author = Stack.member(prefix + "-author", null);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(Stack.member(prefix + "-" + i, author.community()));
        }
        String id = Stack.accepted(
                        Stack.API.createPost(
                                author.token(),
                                author.community(),
                                "A calm afternoon by the lake, " + prefix + ", nothing could be better",
                                null),
                        "create post")
                .text("postId");
        TrackedPost post = new TrackedPost(id, author, members);
        post.awaitExact(Duration.ofSeconds(90));
        return post;
    }

    Member member(int i) {
        return members.get(i);
    }

    void like(Member m) {
        Stack.accepted(Stack.API.like(m.token(), id), m.name() + " likes " + id);
        likedBy.add(m.id());
    }

    void unlike(Member m) {
        Stack.accepted(Stack.API.unlike(m.token(), id), m.name() + " unlikes " + id);
        likedBy.remove(m.id());
    }

    void comment(Member m) {
        commentIds.add(
                Stack.accepted(Stack.API.comment(m.token(), id, "well said, " + m.name()), m.name() + " comments")
                        .text("commentId"));
    }

    void share(Member m) {
        Stack.accepted(Stack.API.share(m.token(), id), m.name() + " shares " + id);
        shares++;
    }

    PostRow expected() {
        return new PostRow(
                likedBy.size(), commentIds.size(), shares, new TreeSet<>(likedBy), new TreeSet<>(commentIds));
    }

    /** Waits until MySQL's posts counters, post_likes rows and comments rows of the post are exactly the expected. */
    void awaitExact(Duration atMost) {
        PostRow expected = expected();
        await("MySQL rows of post " + id + " equal " + expected)
                .atMost(atMost)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(Stack.postRow(id)).isEqualTo(expected));
    }
}
