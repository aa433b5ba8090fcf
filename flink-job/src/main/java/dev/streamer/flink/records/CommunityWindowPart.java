package dev.streamer.flink.records;

import dev.streamer.contract.WindowResult;

/**
 * What one community's window tells the all-communities windows: either a result of that window with the users who
 * became active in it since its previous result (all of them with revision 0), or, with {@code result} null, one
 * event too late for a window that community never had (it has no row to count it in; the all-communities row
 * does). Sums of the counts over the communities are exact; distinct users need the user ids, since one user can be
 * active in several communities.
 *
 * @param communityId the community
 * @param windowStart the window
 * @param result      the community's window result as emitted, or null for a too-late event without one
 * @param newUsers    users first seen in that community's window since its previous result
 */
public record CommunityWindowPart(String communityId, long windowStart, WindowResult result, String[] newUsers) {

    private static final String[] NONE = {};

    public static CommunityWindowPart of(WindowResult result, String[] newUsers) {
        return new CommunityWindowPart(result.communityId(), result.windowStart(), result, newUsers);
    }

    public static CommunityWindowPart tooLate(String communityId, long windowStart) {
        return new CommunityWindowPart(communityId, windowStart, null, NONE);
    }
}
