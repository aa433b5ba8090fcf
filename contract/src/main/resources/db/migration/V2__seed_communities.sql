-- The communities of the prototype. 'all' is reserved for the all-communities aggregate and is never a community.
INSERT INTO communities (id, name, description, created_at) VALUES
    ('facebook', 'Facebook', 'Friends, family and everything in between', 0),
    ('skype', 'Skype', 'Calls, chats and the people on them', 0),
    ('instagram', 'Instagram', 'Pictures first, words second', 0),
    ('twitter', 'Twitter', 'Short takes, fast replies', 0);
