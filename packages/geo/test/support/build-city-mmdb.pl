#!/usr/bin/perl
# Writes a City-schema MaxMind DB for @privkit/geo's tests with MaxMind's own writer
# (MaxMind::DB::Writer, Debian libmaxmind-db-writer-perl), from test/vectors/city-networks.json.
# Usage: build-city-mmdb.pl <networks.json> <out.mmdb> <record size: 24|28|32> <ip version: 4|6> [flat]
#   flat: write the ip-location-db flat record instead of the GeoIP2 ones.
use strict;
use warnings;
use JSON::PP;
use MaxMind::DB::Writer::Tree;

my ($json_path, $out, $record_size, $ip_version, $flat) = @ARGV;
die "usage: $0 networks.json out.mmdb record_size ip_version [flat]\n" unless $ip_version;

open my $in, '<:raw', $json_path or die "cannot read $json_path: $!";
my $doc = JSON::PP->new->decode(do { local $/; <$in> });
close $in;

my %types = (
    city => 'map', continent => 'map', country => 'map', registered_country => 'map',
    location => 'map', postal => 'map', traits => 'map', names => 'map',
    subdivisions => [ 'array', 'map' ],
    geoname_id => 'uint32', metro_code => 'uint16', accuracy_radius => 'uint16',
    latitude => 'double', longitude => 'double',
    autonomous_system_number => 'uint32',
    is_in_european_union => 'boolean', is_anonymous_proxy => 'boolean',
);
# The flat schema has a string "city"; only its coordinates are doubles.
my $type_of = $flat
    ? sub { $_[0] =~ /^(latitude|longitude)$/ ? 'double' : 'utf8_string' }
    : sub { $types{ $_[0] } // 'utf8_string' };

# JSON::PP booleans become MaxMind booleans; numbers stay numbers.
sub plain {
    my ($v) = @_;
    return $v ? 1 : 0 if JSON::PP::is_bool($v);
    return { map { $_ => plain($v->{$_}) } keys %$v } if ref $v eq 'HASH';
    return [ map { plain($_) } @$v ] if ref $v eq 'ARRAY';
    return $v;
}

my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version            => $ip_version,
    record_size           => $record_size,
    database_type         => $ENV{PRIVKIT_DB_TYPE} // ($flat ? 'privkit-test-flat-City' : 'GeoLite2-City'),
    languages             => [ 'en', 'de' ],
    description           => { en => 'privkit geo test database' },
    map_key_type_callback => $type_of,
    remove_reserved_networks => 0,
    alias_ipv6_to_ipv4    => ($ip_version == 6 ? 1 : 0),
);

my @networks = $flat ? ($doc->{ipLocationDb}) : @{ $doc->{networks} };
for my $n (@networks) {
    next if $ip_version == 4 && $n->{network} =~ /:/;
    $tree->insert_network($n->{network}, plain($n->{record}));
}
open my $fh, '>:raw', $out or die "cannot write $out: $!";
$tree->write_tree($fh);
close $fh;
