#!/usr/bin/perl
# Oracle for the relay tests: parses messages with Perl SpamAssassin 4.0.1 and prints, one JSON
# object a line, what Message::Metadata::Received computed (the decoded Received values it read,
# the originating_ip_headers values, the X-Spam-Relays-* strings, counts, indices, every relay).
#
#   usage: perl sa-relays-oracle.pl RULES_DIR SITE_DIR < requests.jsonl > answers.jsonl
#   request line: {"path": "/file.eml"} or {"text": "<latin-1 message>"}, optional "conf": "<cf text>",
#   optional "originating": 1 (the caller's suppl_attrib assertion)
use strict; use warnings;
use Mail::SpamAssassin;
use Mail::SpamAssassin::PerMsgStatus;
use JSON::PP;
use File::Temp qw(tempdir);

my ($rules, $site) = @ARGV;
die "usage: sa-relays-oracle.pl RULES_DIR SITE_DIR\n" unless $rules && $site;
my $json = JSON::PP->new->canonical(1)->ascii(1)->allow_nonref(1);
my %sa_by_conf;
my $state = tempdir(CLEANUP => 1);

sub sa_for {
  my ($conf) = @_;
  return $sa_by_conf{$conf} ||= do {
    my $sa = Mail::SpamAssassin->new({
      local_tests_only => 1, dont_copy_prefs => 1, userprefs_filename => '/dev/null',
      userstate_dir => $state, site_rules_filename => $site, rules_filename => $rules,
      post_config_text => $conf,
    });
    $sa->init(0);
    $sa;
  };
}

sub relay_out {
  my ($r) = @_;
  my %o;
  for my $k (qw(ip by helo rdns ident envfrom id auth lc_by lc_helo lc_rdns as_string)) {
    $o{$k} = $r->{$k};
  }
  for my $k (qw(msa internal ip_private no_reverse_dns rdns_not_in_headers)) {
    $o{$k} = $r->{$k} ? 1 : 0;
  }
  return \%o;
}

$| = 1;
while (my $line = <STDIN>) {
  next unless $line =~ /\S/;
  my $req = $json->decode($line);
  my $text;
  if (defined $req->{path}) {
    open(my $fh, '<:raw', $req->{path}) or die "$req->{path}: $!";
    local $/; $text = <$fh>; close $fh;
  } else {
    $text = $req->{text}; utf8::downgrade($text);
  }
  my $sa = sa_for(defined $req->{conf} ? $req->{conf} : '');
  my $msg = $req->{originating} ? $sa->parse($text, 0, { originating => 1 }) : $sa->parse($text);
  my $pms = Mail::SpamAssassin::PerMsgStatus->new($sa, $msg);
  $pms->extract_message_metadata();  # also copies the relay lists onto $pms (get_envelope_from reads them there)
  my $md = $msg->{metadata};
  my @received = map { my $v = $_; $v } $msg->get_header('Received');
  my @orig = map { my $v = $msg->get_header($_); $v } @{$sa->{conf}->{originating_ip_headers}};
  my %out = (
    id => $req->{id},
    conf => $req->{conf},
    originatingAsserted => $req->{originating} ? 1 : 0,
    received => \@received,
    originatingHeaders => [ @{$sa->{conf}->{originating_ip_headers}} ],
    originating => \@orig,
    trusted => $md->{relays_trusted_str},
    untrusted => $md->{relays_untrusted_str},
    internal => $md->{relays_internal_str},
    external => $md->{relays_external_str},
    numTrusted => $md->{num_relays_trusted} + 0,
    numUntrusted => $md->{num_relays_untrusted} + 0,
    numInternal => $md->{num_relays_internal} + 0,
    numExternal => $md->{num_relays_external} + 0,
    numUnparseable => $md->{num_relays_unparseable} + 0,
    lastTrustedRelayIndex => $md->{last_trusted_relay_index} + 0,
    lastInternalRelayIndex => $md->{last_internal_relay_index} + 0,
    relaysTrusted => [ map { relay_out($_) } @{$md->{relays_trusted}} ],
    relaysUntrusted => [ map { relay_out($_) } @{$md->{relays_untrusted}} ],
    relaysInternal => [ map { relay_out($_) } @{$md->{relays_internal}} ],
    relaysExternal => [ map { relay_out($_) } @{$md->{relays_external}} ],
    envelopeFrom => scalar($pms->get_envelope_from()),
    tags => { map { my $v = $pms->get_tag($_); ($_ => $v) } qw(RELAYSTRUSTED RELAYSUNTRUSTED RELAYSINTERNAL
      RELAYSEXTERNAL FIRSTTRUSTEDIP FIRSTTRUSTEDREVIP LASTEXTERNALIP LASTEXTERNALREVIP LASTEXTERNALRDNS
      LASTEXTERNALHELO RELAYSTRUSTEDREVIP RELAYSUNTRUSTEDREVIP RELAYSINTERNALREVIP RELAYSEXTERNALREVIP) },
    path => $req->{path},
  );
  print $json->encode(\%out), "\n";
  $pms->finish(); $msg->finish();
}
