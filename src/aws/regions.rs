//! The AWS regions costbrake knows offline, so that a typo in a region list (`us-east-9`) is refused
//! before anything is read or changed, without a request. A region not listed here (a newer one) is
//! checked against the account's enabled regions (one `ec2:DescribeRegions`).

/// Every public region of the `aws`, `aws-cn`, `aws-us-gov` and `aws-eusc` partitions, as of 2026.
pub const KNOWN: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eusc-de-east-1",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// Whether costbrake knows `region` without asking AWS.
pub fn is_known(region: &str) -> bool {
    KNOWN.contains(&region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_regions_are_sorted_unique_and_parse() {
        let mut sorted = KNOWN.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, KNOWN);
        for r in KNOWN {
            assert!(super::super::parse_region(r).is_ok(), "{r}");
        }
    }
}
