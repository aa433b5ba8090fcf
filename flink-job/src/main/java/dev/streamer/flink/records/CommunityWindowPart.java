package dev.streamer.flink.records;

import dev.streamer.contract.WindowResult;

/**
 * What one community's window tells the all-communities windows: a result of that window with the users who became
 * active in it since its previous result (all of them with the first one). Sums of the counts over the communities
 * are exact; distinct users need the user ids, since one user can be active in several communities.
 *
 * @param result   the community's window result as emitted
 * @param newUsers users first counted in that community's window since its previous result
 */
public record CommunityWindowPart(WindowResult result, String[] newUsers) {
}
